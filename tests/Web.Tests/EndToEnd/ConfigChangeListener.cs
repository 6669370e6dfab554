using System.Threading.Channels;
using Npgsql;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>Listens on a PostgreSQL NOTIFY channel, as every gateway instance does.</summary>
public sealed class ConfigChangeListener : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly Channel<string> _payloads = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ConfigChangeListener(NpgsqlConnection connection)
    {
        _connection = connection;
        _connection.Notification += (_, e) => _payloads.Writer.TryWrite(e.Payload);
        _loop = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await _connection.WaitAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static async Task<ConfigChangeListener> StartAsync(string connectionString, string channel)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }

        return new ConfigChangeListener(connection);
    }

    /// <summary>The next payload (an organization ID), or a timeout failure.</summary>
    public async Task<string> NextAsync(TimeSpan? timeout = null) =>
        await _payloads.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(5));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
