using Simulator.AppHost;

ConfigurationErrorReporting.ReportBadSettingsPlainly();
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    DashboardApplicationName = "Sails production simulator",
});
var simulator = builder.AddSimulatorSettings();
builder.AddReadinessReport("readiness", simulator);

var postgres = builder.AddPostgres("postgres")
    .WithImageFrom(simulator.Images.Postgres)
    .WithDataVolume(simulator.VolumeName("postgres"));
var database = postgres.AddDatabase("appdb");

var redis = builder.AddRedis("redis")
    .WithImageFrom(simulator.Images.Redis)
    .WithoutHttpsCertificate()
    .WithDataVolume(simulator.VolumeName("redis"))
    .WithSessionDurability();

var storage = builder.AddObjectStore("storage")
    .WithImageFrom(simulator.Images.ObjectStore)
    .WithDataVolume(simulator.VolumeName("storage"))
    .WithBucket(simulator.Options.App.Bucket);

var sessionSecret = builder.AddParameter("session-secret",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
var backends = new SailsBackends(database, redis, storage, sessionSecret);

var migrate = builder.AddSailsMigration("migrate", simulator, backends);
var replicas = builder.AddSailsReplicas(simulator, backends, migrate);

var proxy = builder.AddLoadBalancer("proxy", simulator, replicas);

// For operators, in the dashboard: fault drills on replicas, load tests and steady traffic through the proxy.
builder.AddDashboardCommands(simulator, replicas, proxy);
builder.AddTrafficGenerator("traffic", proxy);

builder.Build().Run();
