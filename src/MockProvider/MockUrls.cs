namespace Switchyard.MockProvider;

/// <summary>
/// Builds base URLs in the mock's scheme: <c>{root}/x/{option}/{option}/v1</c>. Use <see cref="OpenAi"/> for
/// OpenAI-compatible connections and <see cref="Root"/> for Azure (resource endpoint) and Anthropic (API root).
/// </summary>
public static class MockUrls
{
    /// <summary>An OpenAI-style base URL, e.g. <c>http://127.0.0.1:9090/x/delay_ms=200/v1</c>.</summary>
    public static Uri OpenAi(Uri root, params string[] options) => new(RootText(root, options) + "/v1");

    /// <summary>The root with options but no API prefix, e.g. <c>http://127.0.0.1:9090/x/name=eu</c>.</summary>
    public static Uri Root(Uri root, params string[] options) => new(RootText(root, options));

    private static string RootText(Uri root, string[] options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        var text = root.ToString().TrimEnd('/');
        return options.Length == 0 ? text : $"{text}/x/{string.Join('/', options)}";
    }
}
