using System.Reflection;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests;

public sealed class PurityTests
{
    private static readonly Assembly DomainAssembly = typeof(RequestResolver).Assembly;

    [Fact]
    public void DomainAssembly_ReferencedAssemblies_IncludeNoEfCoreOrAspNetCore()
    {
        var references = DomainAssembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        references.Should().NotBeEmpty();
        references.Should().NotContain(n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        references.Should().NotContain(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void DomainAssembly_ReferencedAssemblies_AreAllFromTheBaseClassLibrary()
    {
        // Stricter than the rule above: anything that is not System.* or the runtime would be a package sneaking in.
        DomainAssembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Should().OnlyContain(n => n.StartsWith("System", StringComparison.Ordinal) || n == "netstandard" || n == "mscorlib");
    }
}
