namespace Switchyard.Data.Keys;

/// <summary>A freshly generated key: <see cref="Plaintext"/> is shown once and never stored.</summary>
public sealed record ApiKeyMaterial(string Plaintext, byte[] Hash, string Last4);
