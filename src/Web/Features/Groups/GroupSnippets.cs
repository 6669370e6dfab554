namespace Switchyard.Web.Features.Groups;

/// <summary>
/// The "Use this group" snippets. Each sends the group as <c>load_balance_group.group_id</c> in the body, the way
/// DESIGN.md §2 defines it; SDKs that insist on a model get an empty one, which the gateway treats as absent. The key
/// is read from <c>SWITCHYARD_API_KEY</c>, never written into the snippet.
/// </summary>
public static class GroupSnippets
{
    public const string KeyVariable = "SWITCHYARD_API_KEY";

    public static IReadOnlyList<GroupSnippet> For(string gatewayUrl, string groupId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gatewayUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var url = gatewayUrl.TrimEnd('/');
        return
        [
            new("curl", "curl", Curl(url, groupId)),
            new("python", "Python (openai)", Python(url, groupId)),
            new("javascript", "JavaScript (openai)", JavaScript(url, groupId)),
            new("dotnet", ".NET (OpenAI)", DotNet(url, groupId)),
        ];
    }

    private static string Curl(string url, string groupId) => $$$"""
        curl {{{url}}}/v1/chat/completions \
          -H "Authorization: Bearer ${{{KeyVariable}}}" \
          -H "Content-Type: application/json" \
          -d '{
            "load_balance_group": {"group_id": "{{{groupId}}}"},
            "messages": [{"role": "user", "content": "Hello!"}]
          }'
        """;

    private static string Python(string url, string groupId) => $$$"""
        import os
        from openai import OpenAI

        client = OpenAI(base_url="{{{url}}}/v1", api_key=os.environ["{{{KeyVariable}}}"])

        response = client.chat.completions.create(
            model="",  # empty: the group picks the model
            messages=[{"role": "user", "content": "Hello!"}],
            extra_body={"load_balance_group": {"group_id": "{{{groupId}}}"}},
        )
        print(response.choices[0].message.content)
        """;

    private static string JavaScript(string url, string groupId) => $$$"""
        import OpenAI from "openai";

        const client = new OpenAI({ baseURL: "{{{url}}}/v1", apiKey: process.env.{{{KeyVariable}}} });

        const response = await client.chat.completions.create({
          model: "", // empty: the group picks the model
          messages: [{ role: "user", content: "Hello!" }],
          // Not an OpenAI parameter: the SDK sends it as is and Switchyard reads it.
          load_balance_group: { group_id: "{{{groupId}}}" },
        });
        console.log(response.choices[0].message.content);
        """;

    private static string DotNet(string url, string groupId) => $$$"""
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        var client = new OpenAIClient(
            new ApiKeyCredential(Environment.GetEnvironmentVariable("{{{KeyVariable}}}")!),
            new OpenAIClientOptions { Endpoint = new Uri("{{{url}}}/v1") });

        // Empty model: the group picks it. (Or GetChatClient("group:{{{groupId}}}") without the patch.)
        ChatClient chat = client.GetChatClient("");
        var options = new ChatCompletionOptions();
        options.Patch.Set("$.load_balance_group"u8, BinaryData.FromString("{\"group_id\": \"{{{groupId}}}\"}"));

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hello!")], options);
        Console.WriteLine(completion.Content[0].Text);
        """;
}
