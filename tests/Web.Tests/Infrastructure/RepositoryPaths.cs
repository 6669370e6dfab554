namespace Switchyard.Web.Tests.Infrastructure;

/// <summary>Well-known places in the repository checkout the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>The checkout's root: the nearest ancestor of the test binaries holding Directory.Packages.props.</summary>
    public static string Root => _root.Value;

    /// <summary><c>artifacts/screenshots</c> (git-ignored), created on first use.</summary>
    public static string ScreenshotDirectory => Directory.CreateDirectory(Path.Combine(Root, "artifacts", "screenshots")).FullName;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Directory.Packages.props above {AppContext.BaseDirectory}.");
    }
}
