using System.Data.Common;
using Amazon.Runtime;
using Amazon.S3;

namespace Simulator.AppHost;

/// <summary>
/// The object store's connection string, read back: <c>Endpoint=…;AccessKey=…;SecretKey=…;Bucket=…</c>.
/// The one way the AppHost (creating the bucket) and the tests (checking what was stored) reach the store.
/// </summary>
public sealed record ObjectStoreConnectionString(Uri Endpoint, string AccessKey, string SecretKey, string? Bucket)
{
    public const string EndpointKey = "Endpoint";
    public const string AccessKeyKey = "AccessKey";
    public const string SecretKeyKey = "SecretKey";
    public const string BucketKey = "Bucket";

    public static ObjectStoreConnectionString Parse(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Part(string key) => parts.TryGetValue(key, out var value) ? value as string : null;
        string Required(string key) => Part(key) is { Length: > 0 } value
            ? value
            : throw new FormatException($"the object store's connection string has no {key}");

        return new ObjectStoreConnectionString(new Uri(Required(EndpointKey)), Required(AccessKeyKey), Required(SecretKeyKey), Part(BucketKey));
    }

    /// <summary>An S3 client for the store: path-style addressing and plain payloads, as MinIO and the offline stand-in both accept.</summary>
    public AmazonS3Client CreateS3Client() => new(new BasicAWSCredentials(AccessKey, SecretKey), ClientConfig(Endpoint.ToString()));

    /// <summary>The product's S3 client settings, for any client of a store speaking MinIO's contract.</summary>
    public static AmazonS3Config ClientConfig(string serviceUrl) => new()
    {
        ServiceURL = serviceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        // No trailing checksums: the offline stand-in answers aws-chunked bodies with trailers 501; MinIO accepts both.
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    };
}
