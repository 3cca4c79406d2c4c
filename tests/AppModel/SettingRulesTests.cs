using Simulator.AppHost;

namespace Simulator.Tests.AppModel;

/// <summary>The rules behind the settings' refusals let ordinary values through.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class SettingRulesTests
{
    [Theory]
    [InlineData("uploads")]
    [InlineData("abc")]
    [InlineData("my-app.uploads-2")]
    public void Bucket_names_that_S3_accepts_are_valid(string name) => Assert.True(S3BucketName.IsValid(name));

    [Theory]
    [InlineData("ab")]
    [InlineData("-uploads")]
    [InlineData("uploads.")]
    [InlineData("Uploads")]
    [InlineData("10.0.0.1")]
    public void Bucket_names_that_S3_refuses_are_invalid(string name) => Assert.False(S3BucketName.IsValid(name));

    [Theory]
    [InlineData("/readyz", true)]
    [InlineData("/__getcookie", true)]
    [InlineData("/health?probe=1", true)]
    [InlineData("//example.test/x", false)]
    [InlineData("http://example.test/x", false)]
    public void A_health_path_must_stay_on_the_replica(string path, bool valid) =>
        Assert.Equal(valid, ReplicaHealthCheck.IsPathOnTheReplica(path));
}
