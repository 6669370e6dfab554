namespace Switchyard.MockProvider;

// An explicit class in our namespace (rather than top-level statements, which generate a public global
// Program) so that test projects referencing several apps see no clash.
internal static class Program
{
    public static void Main(string[] args) => MockProviderApp.Build(args).Run();
}
