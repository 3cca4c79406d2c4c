using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using DotNet.Testcontainers.Networks;
using Npgsql;
using Simulator.Tests.Infrastructure;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Components;

/// <summary>
/// The sample app's image on its own, in production mode, against real Postgres, Redis and
/// object-store containers on one network: the migrate job, then one replica.
/// </summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed class SampleAppImageTests(SampleAppImageTests.SampleAppEnvironment environment)
    : IClassFixture<SampleAppImageTests.SampleAppEnvironment>
{
    [Fact]
    public async Task Signup_login_and_me_work_with_the_csrf_token_and_the_session_cookie()
    {
        using var user = environment.NewUser();
        using (var anonymous = await user.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var withoutToken = await user.PostWithoutCsrfTokenAsync("/api/signup", JsonContent.Create(new { email = user.Email, password = SailsUser.Password })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        }

        await user.SignUpAndLogInAsync();
        using var me = await user.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(user.Email, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        Assert.Equal(SampleAppEnvironment.ReplicaName, Assert.Single(me.Headers.GetValues("X-Served-By")));
    }

    /// <summary>The runtime the image gives (offline: sailsim-offline/node, upstream: node:24-slim) is a supported LTS.</summary>
    [Fact]
    public async Task The_app_runs_on_the_node_LTS_major_of_the_image_catalog()
    {
        using var user = environment.NewUser();
        using var health = await user.GetAsync("/healthz");
        var version = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("node").GetString()!;

        var major = version.TrimStart('v').Split('.')[0];
        Assert.Contains(major, (string[])["22", "24"]);
        Assert.StartsWith(major, TestImages.Node.Split(':')[^1]);
    }

    [Fact]
    public async Task A_message_is_stored_in_postgres_and_listed()
    {
        using var user = environment.NewUser();
        await user.SignUpAndLogInAsync();
        var text = $"hello {Guid.NewGuid():N}";

        using var created = await user.PostAsync("/api/messages", new { text }, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var list = await user.GetAsync("/api/messages");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var newest = (await list.Content.ReadFromJsonAsync<JsonElement>())[0];
        Assert.Equal(text, newest.GetProperty("text").GetString());

        await using var database = new NpgsqlConnection(environment.PostgresConnectionString);
        await database.OpenAsync();
        await using var query = new NpgsqlCommand("select text from messages where id = @id", database) { Parameters = { new("id", id) } };
        Assert.Equal(text, await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_upload_downloads_as_the_same_bytes()
    {
        using var user = environment.NewUser();
        var bytes = RandomNumberGenerator.GetBytes(6 * 1024 * 1024 + 123); // more than one 5 MiB multipart part
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using var created = await user.UploadAsync(bytes, "random.bin", "application/octet-stream", HttpStatusCode.Created);
        var upload = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(bytes.Length, upload.GetProperty("size").GetInt32());
        Assert.Equal(sha256, upload.GetProperty("sha256").GetString());

        using var download = await user.GetAsync($"/api/uploads/{upload.GetProperty("id").GetInt32()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
    }

    [Fact]
    public async Task Readiness_is_200_with_every_backing_service_and_503_naming_redis_when_it_stops()
    {
        await environment.WaitForReadinessAsync(HttpStatusCode.OK);
        await environment.Redis.StopAsync();
        try
        {
            var unready = await environment.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unready", unready.GetProperty("status").GetString());
            Assert.Equal(new[] { "redis" }, unready.GetProperty("failing").EnumerateArray().Select(name => name.GetString()!).ToArray());
        }
        finally
        {
            // The other tests share these containers.
            await environment.Redis.StartAsync();
            await environment.WaitForReadinessAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>Postgres, Redis and the object store on a private network, the migrations applied, one app replica.</summary>
    public sealed class SampleAppEnvironment : IAsyncLifetime
    {
        public const string ReplicaName = "sails-component";
        private const string AppImageName = "sailsim/sample-sails-app:dev";
        private const int AppPort = 1337;
        private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(2);
        private static readonly TimeSpan ImageBuildTimeout = TimeSpan.FromMinutes(10);
        private static readonly TimeSpan ReadinessTimeout = Bounded.HangLimit;

        private readonly string _postgresPassword = Guid.NewGuid().ToString("N");
        private readonly string _redisPassword = Guid.NewGuid().ToString("N");
        private readonly string _storageSecret = Guid.NewGuid().ToString("N");
        private readonly INetwork _network = new NetworkBuilder().WithName($"sample-app-{Guid.NewGuid():N}").Build();
        private readonly List<IContainer> _containers = [];
        private IContainer? _postgres;
        private IContainer? _app;

        public IContainer Redis { get; private set; } = null!;

        public string PostgresConnectionString =>
            $"Host=127.0.0.1;Port={_postgres!.GetMappedPublicPort(5432)};Username=app;Password={_postgresPassword};Database=app";

        private Uri AppUri => new($"http://127.0.0.1:{_app!.GetMappedPublicPort(AppPort)}");

        public SailsUser NewUser() => new(AppUri, authority: null);

        public async Task InitializeAsync()
        {
            await _network.CreateAsync();
            var appImage = await BuildAppImageAsync();

            _postgres = await StartAsync("postgres", new ContainerBuilder(TestImages.Postgres)
                .WithEnvironment("POSTGRES_USER", "app")
                .WithEnvironment("POSTGRES_PASSWORD", _postgresPassword)
                .WithEnvironment("POSTGRES_DB", "app")
                .WithPortBinding(5432, assignRandomHostPort: true)
                // Over TCP: the image's init phase runs a temporary server on the Unix socket only.
                .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted("pg_isready", "-h", "127.0.0.1", "-U", "app", "-d", "app")));
            Redis = await StartAsync("redis", new ContainerBuilder(TestImages.Redis)
                .WithCommand("redis-server", "--requirepass", _redisPassword)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Ready to accept connections")));
            await StartAsync("storage", new ContainerBuilder(TestImages.ObjectStore)
                .WithCommand("server", "/data")
                .WithEnvironment("MINIO_ROOT_USER", "sample-app")
                .WithEnvironment("MINIO_ROOT_PASSWORD", _storageSecret)
                .WithPortBinding(9000, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(9000).ForPath("/minio/health/live"))));

            await MigrateAsync(appImage);
            _app = await StartAsync("app", AppContainer(appImage)
                .WithPortBinding(AppPort, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(AppPort).ForPath("/readyz"))));
        }

        public async Task DisposeAsync()
        {
            foreach (var container in Enumerable.Reverse(_containers))
            {
                await container.DisposeAsync();
            }

            await _network.DisposeAsync();
        }

        /// <summary>Polls /readyz until it answers the expected status; returns its body.</summary>
        public async Task<JsonElement> WaitForReadinessAsync(HttpStatusCode expected)
        {
            using var http = new HttpClient { BaseAddress = AppUri, Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow + ReadinessTimeout;
            var last = "no answer";
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var response = await http.GetAsync("/readyz");
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == expected)
                    {
                        return JsonSerializer.Deserialize<JsonElement>(body);
                    }

                    last = $"{(int)response.StatusCode} {body}";
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }
                catch (TaskCanceledException)
                {
                    last = $"no answer within {http.Timeout.TotalSeconds:0} s";
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }

            throw new TimeoutException($"/readyz did not answer {(int)expected} within {ReadinessTimeout.TotalSeconds} s; last answer: {last}");
        }

        // Docker's layer cache makes rebuilds after the first one take seconds.
        private static async Task<IFutureDockerImage> BuildAppImageAsync()
        {
            var image = new ImageFromDockerfileBuilder()
                .WithDockerfileDirectory(RepositoryPaths.SampleApp)
                .WithDockerfile("Dockerfile")
                .WithBuildArgument("BASE_IMAGE", TestImages.Node)
                .WithName(AppImageName)
                .WithDeleteIfExists(false)
                .WithCleanUp(false)
                .Build();
            using var timeout = new CancellationTokenSource(ImageBuildTimeout);
            await image.CreateAsync(timeout.Token);
            return image;
        }

        private ContainerBuilder AppContainer(IImage appImage) => new ContainerBuilder(appImage)
            .WithEnvironment(new Dictionary<string, string>
            {
                ["NODE_ENV"] = "production",
                ["REPLICA_NAME"] = ReplicaName,
                ["sails_datastores__default__url"] = $"postgres://app:{_postgresPassword}@postgres:5432/app",
                ["sails_session__url"] = $"redis://:{_redisPassword}@redis:6379",
                ["sails_session__secret"] = Guid.NewGuid().ToString("N"),
                ["sails_sockets__url"] = $"redis://:{_redisPassword}@redis:6379",
                ["sails_sockets__onlyAllowOrigins"] = """["http://localhost:8080"]""",
                ["sails_http__trustProxy"] = "true",
                // No TLS in front of this single container: its session cookie must come back over plain http.
                ["sails_session__cookie__secure"] = "false",
                ["sails_custom__s3__endpoint"] = "http://storage:9000",
                ["sails_custom__s3__bucket"] = "uploads",
                ["sails_custom__s3__accessKeyId"] = "sample-app",
                ["sails_custom__s3__secretAccessKey"] = _storageSecret,
            });

        /// <summary>The one-shot migrate job: the app image with `npm run migrate`, which must exit 0.</summary>
        private async Task MigrateAsync(IImage appImage)
        {
            var migrate = await StartAsync("migrate", AppContainer(appImage).WithCommand("npm", "run", "migrate"));
            using var timeout = new CancellationTokenSource(StartupTimeout);
            var exitCode = await migrate.GetExitCodeAsync(timeout.Token);
            if (exitCode != 0)
            {
                var (stdout, stderr) = await migrate.GetLogsAsync();
                throw new InvalidOperationException($"`npm run migrate` exited with {exitCode}:\n{stdout}\n{stderr}");
            }
        }

        private async Task<IContainer> StartAsync(string alias, ContainerBuilder builder)
        {
            var container = builder.WithNetwork(_network).WithNetworkAliases(alias).Build();
            _containers.Add(container);
            using var timeout = new CancellationTokenSource(StartupTimeout);
            try
            {
                await container.StartAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                var (stdout, stderr) = await container.GetLogsAsync();
                throw new TimeoutException($"container '{alias}' ({container.Image.FullName}) was not ready within {StartupTimeout.TotalSeconds} s:\n{stdout}\n{stderr}");
            }

            return container;
        }
    }
}
