namespace Switchyard.TestCommon;

/// <summary>
/// What ./test.sh provides: a throwaway PostgreSQL (admin connection string) and Redis on loopback.
/// Running a test without them is a setup error, reported as such rather than as a skipped test.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable("SWITCHYARD_TEST_POSTGRES")
        ?? throw new InvalidOperationException("SWITCHYARD_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts PostgreSQL and Redis.");

    public static string RedisConfiguration =>
        Environment.GetEnvironmentVariable("SWITCHYARD_TEST_REDIS")
        ?? throw new InvalidOperationException("SWITCHYARD_TEST_REDIS is not set: run the tests through ./test.sh, which starts PostgreSQL and Redis.");

    public static string RepositoryRoot
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("SWITCHYARD_REPO_ROOT");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Platform.sln).");
        }
    }

    /// <summary>A fixed test master key for provider secrets (never used outside tests).</summary>
    public static IReadOnlyDictionary<string, string?> SecretSettings { get; } = new Dictionary<string, string?>
    {
        ["Secrets:ActiveKeyId"] = "test1",
        ["Secrets:Keys:test1"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
    };
}
