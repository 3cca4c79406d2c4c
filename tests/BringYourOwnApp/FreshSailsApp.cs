using System.Diagnostics;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// A brand-new app from `sails new` (the Web App template) in a temporary folder, installed as
/// its developer would. npm's own cache (~/.npm, npx included) makes a second run much faster.
/// </summary>
public sealed class FreshSailsApp : IDisposable
{
    // The same name on every run keeps package.json, and so the image's dependency layer, the same.
    public const string Name = "fresh-sails-app";

    private FreshSailsApp(string parent) => Parent = parent;

    private string Parent { get; }

    public string Path => System.IO.Path.Combine(Parent, Name);

    public static async Task<FreshSailsApp> CreateAsync(TimeSpan generateWithin, TimeSpan installWithin)
    {
        var app = new FreshSailsApp(Directory.CreateTempSubdirectory("sails-simulator-byo-").FullName);
        // --caviar picks the Web App template without a prompt; --fast leaves npm install to us.
        await RunAsync("npx", ["--yes", "sails@1.5", "new", Name, "--caviar", "--fast"], app.Parent, generateWithin);
        await RunAsync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], app.Path, installWithin);
        return app;
    }

    private static async Task RunAsync(string command, string[] arguments, string directory, TimeSpan within)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command} {string.Join(' ', arguments)}` did not finish within {within.TotalSeconds:0} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{command} {string.Join(' ', arguments)}` exited {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    public void Dispose() => Directory.Delete(Parent, recursive: true);
}
