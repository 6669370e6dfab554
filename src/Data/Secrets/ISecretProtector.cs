namespace Switchyard.Data.Secrets;

/// <summary>Seals provider secrets for storage. The context argument binds a ciphertext to its row, so it cannot be moved to another.</summary>
public interface ISecretProtector
{
    SealedSecret Protect(string plaintext, string context);

    string Unprotect(SealedSecret secret, string context);
}
