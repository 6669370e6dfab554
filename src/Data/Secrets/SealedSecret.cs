namespace Switchyard.Data.Secrets;

/// <summary>Ciphertext plus the ID of the master key that sealed it.</summary>
public sealed record SealedSecret(byte[] Ciphertext, string KeyId);
