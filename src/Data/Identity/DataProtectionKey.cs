namespace Switchyard.Data.Identity;

/// <summary>
/// One key of the ASP.NET Core Data Protection key ring (the XML element the key manager writes). Kept in PostgreSQL
/// so every dashboard instance, and a restarted one, reads the same ring: sign-in cookies and antiforgery tokens stay valid.
/// </summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    /// <summary>The name the key manager gives the element (e.g. <c>key-&lt;guid&gt;</c>).</summary>
    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
