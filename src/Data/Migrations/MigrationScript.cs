namespace Switchyard.Data.Migrations;

/// <summary>One file of <c>migrations/</c>: its ID is the file name without extension (ordering is by ID).</summary>
public sealed record MigrationScript(string Id, string Sql, string Checksum);
