using Simulator.AppHost;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>A small Sails app folder written by a test, deleted after it.</summary>
public sealed class AppFolder : IDisposable
{
    public AppFolder(Dictionary<string, string> files)
    {
        Path = Directory.CreateTempSubdirectory("sails-app-fixture-").FullName;
        foreach (var (relative, contents) in files)
        {
            var file = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, contents);
        }
    }

    public string Path { get; }

    /// <summary>package.json with these production dependencies (and scripts, when given).</summary>
    public static string PackageJson(IEnumerable<string> dependencies, string scripts = "{}", IEnumerable<string>? devDependencies = null) =>
        $$"""
        {
          "name": "fixture-app",
          "dependencies": { {{string.Join(", ", dependencies.Select(d => $"\"{d}\": \"*\""))}} },
          "devDependencies": { {{string.Join(", ", (devDependencies ?? []).Select(d => $"\"{d}\": \"*\""))}} },
          "scripts": {{scripts}}
        }
        """;

    /// <summary>Deletes the folder, and what an AppHost built on it generated in the user's data folder.</summary>
    public void Dispose()
    {
        Directory.Delete(Path, recursive: true);
        DeleteGeneratedImageFiles(Path);
    }

    /// <summary>Deletes the Dockerfile (and its ignore file) the AppHost generated for an app folder, if any.</summary>
    public static void DeleteGeneratedImageFiles(string appPath)
    {
        var generated = SailsAppImage.GeneratedFolder(appPath, SailsAppImage.DefaultGeneratedRoot);
        if (Directory.Exists(generated))
        {
            Directory.Delete(generated, recursive: true);
        }
    }
}
