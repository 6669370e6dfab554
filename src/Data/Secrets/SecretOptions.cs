namespace Switchyard.Data.Secrets;

/// <summary>
/// Master keys for provider secrets, configuration section <c>Secrets</c>: <c>Secrets__ActiveKeyId=k2</c>,
/// <c>Secrets__Keys__k1=&lt;base64 32 bytes&gt;</c>, <c>Secrets__Keys__k2=…</c>. New secrets are sealed with the
/// active key; old ones stay readable while their key is listed, which is how a master key is rotated.
/// </summary>
public sealed class SecretOptions
{
    public const string SectionName = "Secrets";

    public string? ActiveKeyId { get; set; }
    public Dictionary<string, string> Keys { get; set; } = [];
}
