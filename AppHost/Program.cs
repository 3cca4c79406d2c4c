using Simulator.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var simulator = builder.AddSimulatorSettings();

var postgres = builder.AddPostgres("postgres")
    .WithImageFrom(simulator.Images.Postgres);
var database = postgres.AddDatabase("appdb");

var redis = builder.AddRedis("redis")
    .WithImageFrom(simulator.Images.Redis)
    .WithoutHttpsCertificate();

builder.Build().Run();
