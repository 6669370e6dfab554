namespace Switchyard.Bench.Tests;

/// <summary>One pipe table of a Markdown text: its header cells and the cells of each row, trimmed.</summary>
internal sealed record MarkdownTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Every table in <paramref name="markdown"/>, in order.</summary>
    public static IReadOnlyList<MarkdownTable> ParseAll(string markdown)
    {
        var tables = new List<MarkdownTable>();
        var lines = markdown.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            if (!IsRow(lines[i]) || !IsDelimiter(lines[i + 1]))
            {
                continue;
            }

            var header = Cells(lines[i]);
            var rows = new List<IReadOnlyList<string>>();
            for (i += 2; i < lines.Count && IsRow(lines[i]); i++)
            {
                rows.Add(Cells(lines[i]));
            }

            tables.Add(new MarkdownTable(header, rows));
        }

        return tables;
    }

    /// <summary>The row whose first cell is <paramref name="name"/>, or null.</summary>
    public IReadOnlyList<string>? Row(string name) => Rows.FirstOrDefault(row => row[0] == name);

    /// <summary>The cell of <paramref name="row"/> under the header cell <paramref name="column"/>.</summary>
    public string Cell(IReadOnlyList<string> row, string column)
    {
        var index = Header.ToList().IndexOf(column);
        return index >= 0 ? row[index] : throw new ArgumentException($"no column '{column}' in | {string.Join(" | ", Header)} |", nameof(column));
    }

    private static bool IsRow(string line) => line.StartsWith('|') && line.EndsWith('|');

    private static bool IsDelimiter(string line) => IsRow(line) && line.All(c => c is '|' or '-' or ':' or ' ');

    private static List<string> Cells(string line) => line[1..^1].Split('|').Select(cell => cell.Trim()).ToList();
}
