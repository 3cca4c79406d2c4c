using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Simulator.AppHost;

namespace Simulator.Tests.Components;

/// <summary>
/// The object store's contract, as the product relies on it: the store image (MinIO, or offline its
/// stand-in) started with generated keys, driven with the product's S3 client settings. The same
/// tests hold for both: signed requests with the configured keys work, every other request is refused
/// with S3's error codes.
/// </summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed class ObjectStoreContractTests(ObjectStoreContractTests.Store store) : IClassFixture<ObjectStoreContractTests.Store>
{
    [Fact]
    public async Task A_signed_PutBucket_Put_and_Get_round_trip_the_same_bytes()
    {
        using var s3 = store.Client();
        var bucket = $"round-trip-{Guid.NewGuid():N}"[..30];
        var bytes = RandomNumberGenerator.GetBytes(256 * 1024 + 17);

        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dir/a file.bin", InputStream = new MemoryStream(bytes) });

        Assert.Equal(bytes, await store.ReadAsync(s3, bucket, "dir/a file.bin"));
    }

    [Fact]
    public async Task A_multipart_upload_of_more_than_5_MiB_completes_and_downloads_as_the_same_bytes()
    {
        using var s3 = store.Client();
        byte[][] parts = [RandomNumberGenerator.GetBytes(5 * 1024 * 1024), RandomNumberGenerator.GetBytes(1024 * 1024 + 5)];
        const string key = "multipart/big.bin";

        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Store.Bucket, Key = key });
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = Store.Bucket, Key = key, UploadId = upload.UploadId, PartNumber = i + 1, InputStream = new MemoryStream(parts[i]),
            });
            etags.Add(new PartETag(i + 1, part.ETag));
        }

        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Store.Bucket, Key = key, UploadId = upload.UploadId, PartETags = etags,
        });

        Assert.Equal(parts.SelectMany(p => p).ToArray(), await store.ReadAsync(s3, Store.Bucket, key));
    }

    [Fact]
    public async Task Unsigned_GET_PUT_and_DELETE_get_403_AccessDenied_and_change_nothing()
    {
        using var http = store.Http();
        var path = $"/{Store.Bucket}/{Store.ExistingKey}";

        using (var get = await http.GetAsync(path))
        {
            await AssertRefusedAsync(get, HttpStatusCode.Forbidden, "AccessDenied");
        }

        using (var put = await http.PutAsync(path, new ByteArrayContent("overwritten"u8.ToArray())))
        {
            await AssertRefusedAsync(put, HttpStatusCode.Forbidden, "AccessDenied");
        }

        using (var delete = await http.DeleteAsync(path))
        {
            await AssertRefusedAsync(delete, HttpStatusCode.Forbidden, "AccessDenied");
        }

        using var s3 = store.Client();
        Assert.Equal(Store.ExistingBytes, await store.ReadAsync(s3, Store.Bucket, Store.ExistingKey));
    }

    [Fact]
    public async Task A_GET_signed_with_the_right_key_id_and_a_wrong_secret_gets_403_SignatureDoesNotMatch()
    {
        using var s3 = store.Client(store.AccessKey, store.SecretKey[..^1] + (store.SecretKey[^1] == 'x' ? 'y' : 'x'));

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(Store.Bucket, Store.ExistingKey));

        Assert.Equal((HttpStatusCode.Forbidden, "SignatureDoesNotMatch"), (refused.StatusCode, refused.ErrorCode));
    }

    [Theory]
    [InlineData("an unknown key id", null)]
    [InlineData("s3rver's built-in pair", "S3RVER")]
    public async Task A_GET_signed_with_another_key_pair_gets_403_InvalidAccessKeyId(string which, string? keyPair)
    {
        using var s3 = keyPair is null ? store.Client(GeneratedKey(20), store.SecretKey) : store.Client(keyPair, keyPair);

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(Store.Bucket, Store.ExistingKey));

        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden && refused.ErrorCode == "InvalidAccessKeyId",
            $"{which}: {(int)refused.StatusCode} {refused.ErrorCode}");
    }

    [Fact]
    public async Task A_valid_presigned_GET_gets_200_and_the_bytes()
    {
        using var s3 = store.Client();
        using var http = store.Http();

        using var answer = await http.GetAsync(await PresignedGetAsync(s3, TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(Store.ExistingBytes, await answer.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_presigned_GET_with_a_tampered_signature_gets_403_SignatureDoesNotMatch()
    {
        using var s3 = store.Client();
        using var http = store.Http();
        var url = await PresignedGetAsync(s3, TimeSpan.FromMinutes(5));
        var tampered = Regex.Replace(url, "(X-Amz-Signature=[0-9a-f]*)([0-9a-f])", m => m.Groups[1].Value + (m.Groups[2].Value == "0" ? "1" : "0"));
        Assert.NotEqual(url, tampered);

        using var answer = await http.GetAsync(tampered);

        await AssertRefusedAsync(answer, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
    }

    [Fact]
    public async Task An_expired_presigned_GET_gets_403_AccessDenied()
    {
        using var s3 = store.Client();
        using var http = store.Http();
        var url = await PresignedGetAsync(s3, TimeSpan.FromSeconds(2));

        // The URL outlives its two seconds only by a hang: the store must then refuse it as expired.
        await Bounded.EventuallyAsync(Bounded.HangLimit, "the presigned URL expiring", async () =>
        {
            using var answer = await http.GetAsync(url);
            var body = await AssertRefusedAsync(answer, HttpStatusCode.Forbidden, "AccessDenied");
            Assert.Contains("Request has expired", body);
        });
    }

    [Theory]
    [InlineData("/minio/health/live")]
    [InlineData("/minio/health/ready")]
    public async Task The_health_paths_answer_200_without_a_signature(string path)
    {
        using var http = store.Http();

        using var answer = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private Task<string> PresignedGetAsync(AmazonS3Client s3, TimeSpan validFor) =>
        s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = Store.Bucket,
            Key = Store.ExistingKey,
            Verb = HttpVerb.GET,
            Protocol = Protocol.HTTP,
            Expires = DateTime.UtcNow + validFor,
        });

    /// <summary>Asserts S3's error answer (status and the Code of its XML document); returns the document.</summary>
    private static async Task<string> AssertRefusedAsync(HttpResponseMessage answer, HttpStatusCode status, string code)
    {
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == status && Regex.Match(body, "<Code>([^<]*)</Code>").Groups[1].Value == code,
            $"expected {(int)status} {code}, got {(int)answer.StatusCode}: {body}");
        return body;
    }

    private static string GeneratedKey(int length) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);

    /// <summary>The store image on its own, with generated keys, a bucket and one object in it.</summary>
    public sealed class Store : IAsyncLifetime
    {
        public const string Bucket = "contract";
        public const string ExistingKey = "existing/object.txt";
        public static readonly byte[] ExistingBytes = "stored with the configured keys"u8.ToArray();
        private const int ApiPort = 9000;

        private readonly IContainer _container;

        public Store()
        {
            _container = new ContainerBuilder(TestImages.ObjectStore)
                .WithCommand("server", "/data")
                .WithEnvironment("MINIO_ROOT_USER", AccessKey)
                .WithEnvironment("MINIO_ROOT_PASSWORD", SecretKey)
                .WithPortBinding(ApiPort, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(ApiPort).ForPath("/minio/health/live")))
                .Build();
        }

        // As the AppHost generates them: 20 and 40 letters and digits.
        public string AccessKey { get; } = GeneratedKey(20);

        public string SecretKey { get; } = GeneratedKey(40);

        private string ServiceUrl => $"http://127.0.0.1:{_container.GetMappedPublicPort(ApiPort)}";

        /// <summary>A client with the product's settings; only its per-request timeout is the suite's hang bound.</summary>
        public AmazonS3Client Client(string? accessKey = null, string? secretKey = null)
        {
            var config = ObjectStoreConnectionString.ClientConfig(ServiceUrl);
            config.Timeout = Bounded.HangLimit;
            return new AmazonS3Client(new BasicAWSCredentials(accessKey ?? AccessKey, secretKey ?? SecretKey), config);
        }

        public HttpClient Http() => new() { BaseAddress = new Uri(ServiceUrl), Timeout = Bounded.HangLimit };

        public async Task<byte[]> ReadAsync(AmazonS3Client s3, string bucket, string key)
        {
            using var response = await s3.GetObjectAsync(bucket, key);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes);
            return bytes.ToArray();
        }

        public async Task InitializeAsync()
        {
            await Bounded.WithinAsync(Bounded.HangLimit, $"the object store ({TestImages.ObjectStore}) starting", _container.StartAsync);
            using var s3 = Client();
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = ExistingKey, InputStream = new MemoryStream(ExistingBytes) });
        }

        public async Task DisposeAsync() => await _container.DisposeAsync();
    }
}
