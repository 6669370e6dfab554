namespace Switchyard.Web.Features.Keys;

/// <summary>A key just created: <see cref="Plaintext"/> exists only in this object and is shown exactly once.</summary>
public sealed record CreatedApiKey(ApiKeySummary Key, string Plaintext)
{
    /// <summary>Keeps the key out of logs and debugger displays that format the record.</summary>
    public override string ToString() => $"{Key.Name} ({Key.MaskedKey})";
}
