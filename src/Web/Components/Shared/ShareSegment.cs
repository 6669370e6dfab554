namespace Switchyard.Web.Components.Shared;

/// <summary>One segment of a <see cref="ShareBar"/>: a label and its share (0–1).</summary>
public sealed record ShareSegment(string Label, double Share);
