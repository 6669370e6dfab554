using System.Text.Json;
using Switchyard.Gateway.Authentication;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Routing;

namespace Switchyard.Gateway.Endpoints;

/// <summary>
/// <c>GET /v1/models</c>: what this key may use, in OpenAI's list shape. Catalog models appear as
/// <c>slug/model</c> (<c>owned_by</c> = the connection), groups as <c>group:lbg_…</c> (<c>owned_by</c> = "switchyard").
/// </summary>
public sealed class ModelsHandler(ApiKeyAuthenticator authenticator, RouteTableProvider routeTables)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[GatewayHeaders.RequestId] = RequestIds.New();
        var exchange = new HttpContextExchange(context);
        var (outcome, caller) = await authenticator.AuthenticateAsync(exchange, context.RequestAborted);
        if (caller is null)
        {
            await ProxyHandler.WriteAuthenticationErrorAsync(exchange, outcome);
            return;
        }

        var routes = routeTables.Current.For(caller.OrganizationId);
        var policy = caller.Policy;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var model in routes.CatalogModels)
        {
            if (policy.AllowsModel(model))
            {
                WriteModel(writer, model, model[..model.IndexOf('/', StringComparison.Ordinal)]);
            }
        }

        foreach (var group in routes.GroupsByPublicId.Values.OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            if (policy.AllowsGroup(group.PublicId) || group.PublicId == policy.DefaultGroupId)
            {
                WriteModel(writer, "group:" + group.PublicId, "switchyard", group.Name);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static void WriteModel(Utf8JsonWriter writer, string id, string ownedBy, string? name = null)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", 0);
        writer.WriteString("owned_by", ownedBy);
        if (name is not null)
        {
            writer.WriteString("name", name);
        }

        writer.WriteEndObject();
    }
}
