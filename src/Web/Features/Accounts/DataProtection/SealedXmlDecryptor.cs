using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Switchyard.Data.Secrets;

namespace Switchyard.Web.Features.Accounts.DataProtection;

/// <summary>Opens what <see cref="SealedXmlEncryptor"/> sealed; created by the key manager through this constructor.</summary>
public sealed class SealedXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var keyId = encryptedElement.Attribute(SealedXmlEncryptor.KeyIdAttribute)?.Value
            ?? throw new InvalidOperationException("A sealed Data Protection key has no key ID.");
        var protector = services.GetRequiredService<ISecretProtector>();
        var xml = protector.Unprotect(new SealedSecret(Convert.FromBase64String(encryptedElement.Value), keyId), SealedXmlEncryptor.Context);
        return XElement.Parse(xml);
    }
}
