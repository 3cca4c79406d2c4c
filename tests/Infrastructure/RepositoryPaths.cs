namespace Simulator.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The folder holding Simulator.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string AppHost => Path.Combine(Root, "AppHost");

    public static string SampleApp => Path.Combine(Root, "sample-sails-app");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Simulator.sln not found above {AppContext.BaseDirectory}");
    }
}
