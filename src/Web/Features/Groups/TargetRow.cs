namespace Switchyard.Web.Features.Groups;

/// <summary>One line of the group editor's target table, as typed.</summary>
public sealed class TargetRow
{
    /// <summary>The stored target this row edits, or null for a new row; keeps target IDs stable across saves.</summary>
    public Guid? Id { get; set; }
    public Guid ConnectionId { get; set; }
    public string Model { get; set; } = string.Empty;

    /// <summary>The weight as typed: a number ≥ 0 (default 1). Text, so that "-" or "1e" mid-typing is a message, not a lost keystroke.</summary>
    public string Weight { get; set; } = "1";
    public string RpmLimit { get; set; } = string.Empty;
    public string TpmLimit { get; set; } = string.Empty;
}
