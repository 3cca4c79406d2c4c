using System.Diagnostics;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// A brand-new app from `sails new` in a temporary folder, then made ready for production as its
/// developer would. npm's own cache (~/.npm, npx included) makes a second run much faster.
/// </summary>
public sealed class FreshSailsApp : IDisposable
{
    // The same names on every run keep package.json, and so the image's dependency layer, the same.
    public const string WebAppName = "fresh-sails-app";
    public const string OwnDockerfileName = "own-dockerfile-app";

    private FreshSailsApp(string parent, string name) => (Parent, Name) = (parent, name);

    private string Parent { get; }

    private string Name { get; }

    public string Path => System.IO.Path.Combine(Parent, Name);

    /// <summary>
    /// The Web App template with uploads through sails-hook-uploads to S3 with skipper-s3 (an upload
    /// and a download action), and a production config that reads the host's own variable names
    /// DATABASE_URL and REDIS_URL; no Dockerfile.
    /// </summary>
    public static async Task<FreshSailsApp> CreateAsync(TimeSpan generateWithin, TimeSpan installWithin)
    {
        // --caviar picks the Web App template without a prompt.
        var app = await GenerateAsync(WebAppName, "--caviar", UploadPackages, generateWithin, installWithin);
        foreach (var (file, text) in ProductionAdditions)
        {
            File.AppendAllText(System.IO.Path.Combine(app.Path, file), text);
        }

        app.Write(UploadActions);
        return app;
    }

    /// <summary>
    /// The Empty template (no front end) with its own Dockerfile and a session counter; its
    /// package.json declares none of the topology's adapters (sails-postgresql, the Redis ones).
    /// </summary>
    public static async Task<FreshSailsApp> CreateWithOwnDockerfileAsync(TimeSpan generateWithin, TimeSpan installWithin)
    {
        var app = await GenerateAsync(OwnDockerfileName, "--no-frontend", [], generateWithin, installWithin);
        File.AppendAllText(System.IO.Path.Combine(app.Path, "config/routes.js"), $$"""

            module.exports.routes['GET {{CountRoute}}'] = { action: 'count' };

            """);
        app.Write(OwnDockerfileFiles);
        return app;
    }

    /// <summary>The session counter's route: each GET answers { count } one higher within a session.</summary>
    public const string CountRoute = "/api/count";

    private static async Task<FreshSailsApp> GenerateAsync(string name, string template, string[] packages, TimeSpan generateWithin, TimeSpan installWithin)
    {
        var app = new FreshSailsApp(Directory.CreateTempSubdirectory("sails-simulator-byo-").FullName, name);
        // --fast leaves npm install to us.
        await RunAsync("npx", ["--yes", "sails@1.5", "new", name, template, "--fast"], app.Parent, generateWithin);
        await RunAsync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", .. packages], app.Path, installWithin);
        return app;
    }

    private void Write((string File, string Text)[] files)
    {
        foreach (var (file, text) in files)
        {
            var path = System.IO.Path.Combine(Path, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }

    // As a developer writes one: production dependencies from the lock file, the app as user node.
    private static readonly (string File, string Text)[] OwnDockerfileFiles =
    [
        ("Dockerfile", """
            ARG BASE_IMAGE=node:24-slim
            FROM ${BASE_IMAGE}
            ENV NODE_ENV=production
            WORKDIR /app
            COPY package.json package-lock.json ./
            RUN npm ci --omit=dev --no-audit --no-fund
            COPY . .
            USER node
            EXPOSE 1337
            CMD ["node", "app.js"]

            """),
        (".dockerignore", "node_modules\n.tmp\n"),
        ("api/controllers/count.js", """
            module.exports = {
              friendlyName: 'Count',
              description: 'Count the requests of this session: the number lives in the session store.',
              fn: async function () {
                this.req.session.count = (this.req.session.count || 0) + 1;
                return { count: this.req.session.count };
              }
            };

            """),
    ];

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
        var start = new ProcessStartInfo(command, arguments) { WorkingDirectory = directory };
        // An empty, closed input: a prompt ends the program rather than waiting for an answer.
        var run = await BoundedCommandLine.RunAsync(start, within, input: "");
        if (!run.Succeeded)
        {
            throw new InvalidOperationException($"`{BoundedCommandLine.Describe(start)}` exited {run.ExitCode}:\n{run.Output}\n{run.Error}");
        }
    }

    public void Dispose() => Directory.Delete(Parent, recursive: true);
}
