using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchyard.Domain.Providers;

namespace Switchyard.Web.Features.Connections;

/// <summary>
/// "Test connection": one cheap, read-only call in the provider's own dialect, with a short timeout. OpenAI and
/// compatible servers list their models (<c>GET {base}/models</c>), Anthropic too (<c>GET /v1/models</c> with
/// <c>x-api-key</c>); an Azure connection with a deployment gets a one-token chat completion on that deployment (which
/// proves resource, deployment, api-version and key at once), one without lists the resource's models.
/// </summary>
public sealed class ConnectionTester(IHttpClientFactory httpClientFactory, TimeProvider time)
{
    public const string HttpClientName = "Switchyard.ConnectionTest";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const int MaxShownModels = 200;
    private const int MaxMessageLength = 300;

    public async Task<ConnectionTestResult> TestAsync(ConnectionProbe probe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        using var request = BuildRequest(probe);
        var shown = $"{request.Method} {request.RequestUri}";
        var started = time.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return Interpret(probe, shown, (int)response.StatusCode, body, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(shown, $"No answer within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.", null, time.GetElapsedTime(started));
        }
        catch (HttpRequestException ex)
        {
            return Failure(shown, $"Could not reach {request.RequestUri?.Host}: {Scrub(ex.Message, probe.Secret)}", null, time.GetElapsedTime(started));
        }
    }

    /// <summary>The request the test sends; public so the URL rules can be checked without a network.</summary>
    public static HttpRequestMessage BuildRequest(ConnectionProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var root = probe.BaseUrl.Trim().TrimEnd('/');
        HttpRequestMessage request;
        switch (probe.Kind)
        {
            case ProviderKind.AzureOpenAI:
                if (root.EndsWith("/openai", StringComparison.OrdinalIgnoreCase))
                {
                    root = root[..^"/openai".Length];
                }

                var version = Uri.EscapeDataString(string.IsNullOrWhiteSpace(probe.AzureApiVersion) ? ProviderDefaults.AzureApiVersion : probe.AzureApiVersion.Trim());
                if (string.IsNullOrWhiteSpace(probe.AzureDeployment))
                {
                    request = new HttpRequestMessage(HttpMethod.Get, $"{root}/openai/models?api-version={version}");
                }
                else
                {
                    var deployment = Uri.EscapeDataString(probe.AzureDeployment.Trim());
                    request = new HttpRequestMessage(HttpMethod.Post, $"{root}/openai/deployments/{deployment}/chat/completions?api-version={version}")
                    {
                        Content = new StringContent("{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}],\"max_tokens\":1}", Encoding.UTF8, "application/json"),
                    };
                }

                if (probe.Secret is not null)
                {
                    request.Headers.TryAddWithoutValidation("api-key", probe.Secret);
                }

                break;
            case ProviderKind.Anthropic:
                request = new HttpRequestMessage(HttpMethod.Get, root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? $"{root}/models" : $"{root}/v1/models");
                request.Headers.TryAddWithoutValidation("anthropic-version", ProviderDefaults.AnthropicVersion);
                if (probe.Secret is not null)
                {
                    request.Headers.TryAddWithoutValidation("x-api-key", probe.Secret);
                }

                break;
            default:
                request = new HttpRequestMessage(HttpMethod.Get, $"{root}/models");
                if (probe.Secret is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", probe.Secret);
                }

                break;
        }

        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static ConnectionTestResult Interpret(ConnectionProbe probe, string shown, int status, string body, TimeSpan elapsed)
    {
        var statusText = status.ToString(CultureInfo.InvariantCulture);
        if (status is >= 200 and < 300)
        {
            var models = ReadModelIds(body);
            var summary = models.Count > 0
                ? $"Connected: the provider lists {models.Count.ToString(CultureInfo.InvariantCulture)} model{(models.Count == 1 ? string.Empty : "s")}."
                : probe.Kind == ProviderKind.AzureOpenAI && !string.IsNullOrWhiteSpace(probe.AzureDeployment)
                    ? $"Connected: deployment '{probe.AzureDeployment}' answered."
                    : $"Connected: the provider answered {statusText}.";
            return new ConnectionTestResult(true, summary, shown, status, models, elapsed);
        }

        var message = Scrub(ReadErrorMessage(body), probe.Secret);
        var detail = message.Length == 0 ? string.Empty : $": {message}";
        var explanation = status switch
        {
            401 or 403 => $"The provider rejected the API key ({statusText}){detail}",
            404 => $"Nothing found at this URL (404){detail}. Check the base URL" + (probe.Kind == ProviderKind.AzureOpenAI ? ", deployment and api-version." : "."),
            429 => $"The provider is rate limiting this key (429){detail}. The key itself was accepted.",
            _ => $"The provider answered {statusText}{detail}",
        };
        return Failure(shown, explanation, status, elapsed);
    }

    private static ConnectionTestResult Failure(string shown, string summary, int? status, TimeSpan elapsed) =>
        new(false, summary, shown, status, [], elapsed);

    private static List<string> ReadModelIds(string body)
    {
        var ids = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("data", out var data)
                && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                        && ids.Count < MaxShownModels)
                    {
                        ids.Add(id.GetString()!);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the summary says the provider answered, which is all there is to say.
        }

        return ids;
    }

    /// <summary><c>error.message</c> (OpenAI, Azure and Anthropic all use it), or the start of the body.</summary>
    private static string ReadErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return Shorten(message.GetString()!);
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return Shorten(error.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
        }

        return Shorten(body);
    }

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxMessageLength ? flat : flat[..MaxMessageLength] + "…";
    }

    /// <summary>Providers sometimes quote the key they rejected; the dashboard never shows a secret, not even back to its owner.</summary>
    private static string Scrub(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length < 4 ? text : text.Replace(secret, "[key]", StringComparison.Ordinal);
}
