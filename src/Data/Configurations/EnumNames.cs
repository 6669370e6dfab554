using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data.Configurations;

/// <summary>Enums are stored by their wire names, so the database reads like the API and survives reordering.</summary>
internal static class EnumNames
{
    public static readonly ValueConverter<ProviderKind, string> Provider = new(
        v => v.ToName(),
        v => ParseProvider(v));

    public static readonly ValueConverter<RoutingStrategy, string> Strategy = new(
        v => v.ToName(),
        v => ParseStrategy(v));

    public static readonly ValueConverter<MemberRole, string> Role = new(
        v => v.ToString().ToLowerInvariant(),
        v => Enum.Parse<MemberRole>(v, true));

    private static ProviderKind ParseProvider(string value) =>
        ProviderKindNames.TryParse(value, out var kind) ? kind : throw new InvalidOperationException($"Unknown provider kind '{value}' in the database.");

    private static RoutingStrategy ParseStrategy(string value) =>
        RoutingStrategyNames.TryParse(value, out var strategy) ? strategy : throw new InvalidOperationException($"Unknown routing strategy '{value}' in the database.");
}
