namespace Simulator.AppHost;

/// <summary>
/// An S3-compatible object store with MinIO's contract: the S3 API on port 9000, the root keys in
/// MINIO_ROOT_USER/MINIO_ROOT_PASSWORD, data in /data, liveness at /minio/health/live. Offline,
/// the image is an S3-compatible stand-in honouring the same contract.
/// </summary>
/// <remarks>
/// Its connection string is <c>Endpoint=http://host:port;AccessKey=…;SecretKey=…;Bucket=…</c>
/// (<see cref="ObjectStoreConnectionString"/> reads it back); a container referencing it sees the
/// endpoint as the store's name on the container network, the AppHost and the tests as localhost.
/// </remarks>
public sealed class ObjectStoreResource(string name, ParameterResource accessKey, ParameterResource secretKey)
    : ContainerResource(name), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "http";
    public const int ApiPort = 9000;
    public const string DataPath = "/data";
    public const string LivenessPath = "/minio/health/live";

    /// <summary>The suffix under which Aspire's container network names every container, besides its bare name.</summary>
    public const string ContainerNetworkDomain = "dev.internal";

    private EndpointReference? _primaryEndpoint;

    /// <summary>The store's name as containers reach it through <see cref="EndpointExpression"/>.</summary>
    public static string ContainerNetworkHost(string resourceName) => $"{resourceName}.{ContainerNetworkDomain}";

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <summary>The S3 access key id: MinIO's root user.</summary>
    public ParameterResource AccessKeyParameter { get; } = accessKey;

    /// <summary>The S3 secret access key: MinIO's root password.</summary>
    public ParameterResource SecretKeyParameter { get; } = secretKey;

    /// <summary>The bucket created once the store is up (see WithBucket); null when none is asked for.</summary>
    public string? BucketName { get; internal set; }

    /// <summary>The S3 API's base URL, e.g. http://storage.dev.internal:9000 from a container.</summary>
    public ReferenceExpression EndpointExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Scheme)}://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var builder = new ReferenceExpressionBuilder();
            builder.Append($"{ObjectStoreConnectionString.EndpointKey}={EndpointExpression}");
            builder.Append($";{ObjectStoreConnectionString.AccessKeyKey}={AccessKeyParameter}");
            builder.Append($";{ObjectStoreConnectionString.SecretKeyKey}={SecretKeyParameter}");
            if (BucketName is { } bucket)
            {
                builder.AppendLiteral($";{ObjectStoreConnectionString.BucketKey}={bucket}");
            }

            return builder.Build();
        }
    }

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties()
    {
        yield return new(ObjectStoreConnectionString.EndpointKey, EndpointExpression);
        yield return new(ObjectStoreConnectionString.AccessKeyKey, ReferenceExpression.Create($"{AccessKeyParameter}"));
        yield return new(ObjectStoreConnectionString.SecretKeyKey, ReferenceExpression.Create($"{SecretKeyParameter}"));
        if (BucketName is { } bucket)
        {
            yield return new(ObjectStoreConnectionString.BucketKey, ReferenceExpression.Create($"{bucket}"));
        }
    }
}
