using Simulator.AppHost;
using Simulator.AppHost.Publish;

ConfigurationErrorReporting.ReportBadSettingsPlainly();
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    DashboardApplicationName = "Sails production simulator",
});

// Settings are read and checked once; the app's folder is read once and its image prepared.
var publishing = PublishCommand.IsRequested(args);
var options = builder.ReadSimulatorOptions(checkPorts: !publishing);
var app = SailsApp.Prepare(options);
if (publishing)
{
    // The same settings and app, written as a Swarm stack and Kubernetes manifests instead of run here.
    return PublishCommand.Run(args, options, app);
}

builder.AddReadinessReport("readiness", app.Folder);
// For eng/measure-startup.sh: when each resource ran, turned healthy, exited (debug lines, off by default).
builder.AddStartupTimeline();
// Each WaitFor, restart and deploy step ends as soon as its resource turns healthy, not at Aspire's next scheduled check.
builder.AddPromptHealth();

// Backing services: data in named volumes that outlive runs (`docker volume rm` is a clean start),
// one set per Simulator:Instance; a start is refused while another simulator's containers use them.
builder.RefuseDataVolumesInUse()
    .CreateDataVolumesUpfront();
var postgres = builder.AddPostgres("postgres")
    .WithImageFrom(options.Images.Postgres)
    .WithDataVolume(DataVolume("postgres"));
var database = postgres.AddDatabase("appdb");

var redis = builder.AddRedis("redis")
    .WithImageFrom(options.Images.Redis)
    .WithoutHttpsCertificate()
    .WithDataVolume(DataVolume("redis"))
    .WithSessionDurability();

var storage = builder.AddObjectStore("storage")
    .WithImageFrom(options.Images.ObjectStore)
    .WithDataVolume(DataVolume("storage"))
    .WithBucket(options.App.Bucket);

var sessionSecret = builder.AddParameter("session-secret",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
var backends = new SailsBackends(database, redis, storage, sessionSecret);

// The app's image, built once for all of its containers; the one-shot migration job, then the
// replicas, which start only after it exits 0; a replica that dies is started again, one the
// operator stops stays stopped.
var image = builder.AddSailsAppImage("app-image", app, "migrate", options.MaxReplicas);
var migrate = builder.AddSailsMigration("migrate", image, app, backends)
    .WaitFor(database);
if (app.Migration.Mode == MigrationMode.Alter)
{
    // Sails' alter loads the whole app, which connects to Redis too.
    migrate.WaitFor(redis);
}

// sails-1 … sails-Replicas serve from the start; the slots up to Replicas:Max wait for a scale-up.
var replicas = builder.AddSailsReplicas(options.Replicas, options.MaxReplicas, image, app, backends);
foreach (var replica in replicas)
{
    replica.WaitForCompletion(migrate)
        .WaitFor(redis)
        .WaitFor(storage)
        .WithSelfHealing();
}

// The load balancer, TLS ends here: the only endpoint on the host, started once the first replicas are
// healthy; its upstream follows the serving replicas, so later it also restarts while some are stopped.
var proxy = builder.AddLoadBalancer("proxy", replicas, options.Proxy, options.App.UploadMaxBytes)
    .WithImageFrom(options.Images.Nginx);
foreach (var replica in replicas.Take(options.Replicas))
{
    proxy.WaitFor(replica, WaitBehavior.WaitOnResourceUnavailable);
}

// For operators, in the dashboard: rolling deploys, reloads and scaling on the replicas (their progress
// on the resource "rollouts"); fault drills, load tests and steady traffic through the proxy.
builder.AddRollouts("rollouts", migrate, replicas, options.Replicas);
builder.AddDashboardCommands(replicas, proxy, options.App.Faults, options.Proxy);
builder.AddTrafficGenerator("traffic", proxy, options.Proxy)
    .WaitFor(proxy);

builder.Build().Run();
return 0;

string DataVolume(string resource) => DataVolumes.NameFor(options.Instance, resource);
