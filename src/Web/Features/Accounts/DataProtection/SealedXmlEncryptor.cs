using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Switchyard.Data.Secrets;

namespace Switchyard.Web.Features.Accounts.DataProtection;

/// <summary>
/// Seals Data Protection keys with the provider-secret master key (<c>Secrets__*</c>) before they reach the database,
/// so a copy of the database alone cannot forge sign-in cookies.
/// </summary>
public sealed class SealedXmlEncryptor(IServiceProvider services) : IXmlEncryptor
{
    internal const string ElementName = "sealedKey";
    internal const string KeyIdAttribute = "keyId";

    /// <summary>Authenticated data: binds the ciphertext to its purpose, so a connection secret cannot pass for a key.</summary>
    internal const string Context = "data-protection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var protector = services.GetRequiredService<ISecretProtector>();
        var sealedKey = protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting), Context);
        var element = new XElement(
            ElementName,
            new XAttribute(KeyIdAttribute, sealedKey.KeyId),
            Convert.ToBase64String(sealedKey.Ciphertext));
        return new EncryptedXmlInfo(element, typeof(SealedXmlDecryptor));
    }
}
