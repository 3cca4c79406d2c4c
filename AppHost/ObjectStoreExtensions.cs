using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Simulator.AppHost;

/// <summary>The object store: MinIO, or offline its S3-compatible stand-in, with the app's bucket.</summary>
public sealed record ObjectStore(
    IResourceBuilder<ContainerResource> Container,
    IResourceBuilder<ParameterResource> AccessKey,
    IResourceBuilder<ParameterResource> SecretKey,
    string Bucket)
{
    public const int ApiPort = 9000;

    public EndpointReference Api => Container.GetEndpoint("api");
}

public static class ObjectStoreExtensions
{
    /// <summary>
    /// Adds an S3 server speaking MinIO's contract (port 9000, MINIO_ROOT_* keys, /data). It
    /// reports Healthy only once the bucket exists, so replicas waiting for it find the bucket.
    /// </summary>
    public static ObjectStore AddObjectStore(this IDistributedApplicationBuilder builder, string name, SimulatorSettings simulator)
    {
        var accessKey = builder.AddParameter($"{name}-access-key", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);
        var secretKey = builder.AddParameter($"{name}-secret-key", new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true, persist: true);

        var container = builder.AddContainer(name, simulator.Images.ObjectStore)
            .WithArgs("server", "/data")
            .WithEnvironment("MINIO_ROOT_USER", accessKey)
            .WithEnvironment("MINIO_ROOT_PASSWORD", secretKey)
            .WithHttpEndpoint(targetPort: ObjectStore.ApiPort, name: "api")
            .WithVolume(simulator.VolumeName(name), "/data");

        var store = new ObjectStore(container, accessKey, secretKey, simulator.Options.App.Bucket);
        var healthCheckKey = $"{name}-bucket-{store.Bucket}";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new BucketHealthCheck(store), failureStatus: null, tags: null));
        container.WithHealthCheck(healthCheckKey);
        return store;
    }

    /// <summary>Creates the bucket when missing; healthy once it exists.</summary>
    private sealed class BucketHealthCheck(ObjectStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var s3 = await CreateClientAsync(store, cancellationToken);
                var buckets = await s3.ListBucketsAsync(cancellationToken);
                if (buckets.Buckets?.Any(b => b.BucketName == store.Bucket) != true)
                {
                    await s3.PutBucketAsync(new PutBucketRequest { BucketName = store.Bucket }, cancellationToken);
                }

                return HealthCheckResult.Healthy($"bucket '{store.Bucket}' exists");
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
            {
                return HealthCheckResult.Unhealthy($"bucket '{store.Bucket}' is not ready: {e.Message}", e);
            }
        }
    }

    /// <summary>An S3 client for the store's host-side endpoint, path-style as MinIO expects.</summary>
    public static async Task<AmazonS3Client> CreateClientAsync(ObjectStore store, CancellationToken cancellationToken)
    {
        var credentials = new BasicAWSCredentials(
            await store.AccessKey.Resource.GetValueAsync(cancellationToken),
            await store.SecretKey.Resource.GetValueAsync(cancellationToken));
        return new AmazonS3Client(credentials, ClientConfig(store.Api.Url));
    }

    /// <summary>The product's S3 client settings for a store at serviceUrl (the component tests use them too).</summary>
    public static AmazonS3Config ClientConfig(string serviceUrl) => new()
    {
        ServiceURL = serviceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        // No trailing checksums: the offline stand-in answers aws-chunked bodies with trailers 501; MinIO accepts both.
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        MaxErrorRetry = 0,
        Timeout = TimeSpan.FromSeconds(5),
    };
}
