using System.Diagnostics;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// A brand-new app from `sails new` (the Web App template) in a temporary folder, then made ready
/// for production as its developer would: uploads through sails-hook-uploads to S3 with skipper-s3
/// (an upload and a download action), and a production config that reads the host's own variable
/// names DATABASE_URL and REDIS_URL. npm's own cache (~/.npm, npx included) makes a second run much faster.
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
        await RunAsync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", .. UploadPackages], app.Path, installWithin);
        foreach (var (file, text) in ProductionAdditions)
        {
            File.AppendAllText(System.IO.Path.Combine(app.Path, file), text);
        }

        foreach (var (file, text) in UploadActions)
        {
            var path = System.IO.Path.Combine(app.Path, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        return app;
    }

    /// <summary>The route of the upload action (multipart field "file"); it answers { fd }.</summary>
    public const string UploadRoute = "/api/v1/files";

    /// <summary>The route of the download action: ?fd=… streams the stored file back.</summary>
    public const string DownloadRoute = "/api/v1/files/download";

    private static readonly string[] UploadPackages = ["sails-hook-uploads@^0.4.3", "skipper-s3@^0.6.0"];

    // Appended, so the generated files stay as `sails new` wrote them above.
    private static readonly (string File, string Text)[] ProductionAdditions =
    [
        ("config/env/production.js", """

            // Uploads go to S3; the bucket, keys and endpoint come from the environment.
            module.exports.uploads = { adapter: require('skipper-s3') };
            // This host's own variable names for the database and Redis.
            module.exports.datastores = { default: { adapter: 'sails-postgresql', url: process.env.DATABASE_URL } };
            module.exports.session.adapter = '@sailshq/connect-redis';
            module.exports.session.url = process.env.REDIS_URL;

            """),
        ("config/routes.js", $$"""

            module.exports.routes['POST {{UploadRoute}}'] = { action: 'files/upload' };
            module.exports.routes['GET {{DownloadRoute}}'] = { action: 'files/download' };

            """),
    ];

    private static readonly (string File, string Text)[] UploadActions =
    [
        ("api/controllers/files/upload.js", """
            module.exports = {
              friendlyName: 'Upload',
              description: 'Store one file through sails-hook-uploads (the production config names the adapter).',
              files: ['file'],
              inputs: { file: { type: 'ref', required: true } },
              exits: { noFile: { responseType: 'badRequest' } },
              fn: async function ({ file }) {
                const info = await sails.uploadOne(file);
                if (!info) { throw 'noFile'; }
                return { fd: info.fd };
              }
            };

            """),
        ("api/controllers/files/download.js", """
            module.exports = {
              friendlyName: 'Download',
              description: 'Stream a stored file back from wherever the uploads adapter keeps it.',
              inputs: { fd: { type: 'string', required: true } },
              exits: { success: { outputType: 'ref' } },
              fn: async function ({ fd }) {
                this.res.type('application/octet-stream');
                return await sails.startDownload(fd);
              }
            };

            """),
    ];

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
