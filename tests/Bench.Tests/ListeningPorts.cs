using System.Globalization;

namespace Switchyard.Bench.Tests;

/// <summary>The TCP ports something on this machine listens on, from /proc/net/tcp and tcp6.</summary>
internal static class ListeningPorts
{
    private const string Listen = "0A";

    public static IReadOnlySet<int> Read()
    {
        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            // "  sl  local_address rem_address   st ...": local_address is ADDRESS:PORT in hex, st the state.
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == Listen)
                {
                    ports.Add(int.Parse(fields[1].AsSpan(fields[1].LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return ports;
    }

    /// <summary>The ports listening now that were not in <paramref name="before"/>, once they have had <paramref name="wait"/> to close.</summary>
    public static async Task<IReadOnlySet<int>> NewSinceAsync(IReadOnlySet<int> before, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var added = Read().Except(before).ToHashSet();
            if (added.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return added;
            }

            // A process that got SIGTERM may still be closing its listener; poll the condition, bounded by the deadline.
            await Task.Delay(200);
        }
    }
}
