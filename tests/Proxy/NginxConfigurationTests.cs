using System.Text.RegularExpressions;
using Simulator.AppHost;

namespace Simulator.Tests.Proxy;

/// <summary>The proxy's generated nginx configuration, read as nginx would: the guards production needs.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed partial class NginxConfigurationTests
{
    /// <summary>Node's http.Server keepAliveTimeout by default; neither Sails 1.5 nor the sample app changes it.</summary>
    private const int NodeKeepAliveSeconds = 5;

    private static readonly string Configuration =
        NginxConfiguration.Render(10 * 1024 * 1024, publicHttpsPort: 8443);

    private static readonly string Upstream =
        NginxConfiguration.RenderUpstream(["sails-1", "sails-2", "sails-3"], SailsAppExtensions.AppPort);

    [Fact]
    public void Idle_upstream_connections_are_closed_by_nginx_before_Node_closes_them()
    {
        var upstream = Block("upstream sails");

        var timeout = Assert.Single(Directives(upstream, "keepalive_timeout"));
        Assert.True(Seconds(timeout) < NodeKeepAliveSeconds,
            $"upstream keepalive_timeout {timeout} is not below Node's keep-alive timeout ({NodeKeepAliveSeconds} s): a request on a connection Node is closing gets a 502");
    }

    [Fact]
    public void A_503_answered_by_every_replica_is_passed_on_and_takes_no_replica_out_of_the_pool()
    {
        // max_fails counts the answers proxy_next_upstream names as failures: a 503 must not be one of them.
        var nextUpstream = Assert.Single(Directives(Block("location /", after: "listen 443"), "proxy_next_upstream"));

        Assert.DoesNotContain("http_503", nextUpstream);
        Assert.All(ServerLines(), line => Assert.Matches(@"max_fails=\d+ fail_timeout=\d+s", line));
    }

    [Fact]
    public void Old_workers_close_their_WebSockets_within_a_bound_after_a_reload()
    {
        Assert.Contains($"worker_shutdown_timeout {NginxConfiguration.WorkerShutdownSeconds}s;", NginxConfiguration.MainDirectives);
        // The image's CMD is replaced, so nginx must still stay in the foreground.
        Assert.Contains("daemon off;", NginxConfiguration.MainDirectives);
    }

    [Fact]
    public void Every_client_connection_is_ended_with_GOAWAY_before_an_old_worker_would_cut_it()
    {
        var https = Block("server", after: "# TLS ends here");
        var lifetime = Seconds(Assert.Single(Directives(https, "keepalive_time")));
        var idle = Seconds(Assert.Single(Directives(https, "keepalive_timeout")));

        // A connection an old worker kept gets GOAWAY with its first request after its lifetime; one
        // idle from before then gets it after the idle time. Either is well before the cut.
        Assert.True(lifetime + idle <= NginxConfiguration.WorkerShutdownSeconds - 5,
            $"keepalive_time {lifetime} s + keepalive_timeout {idle} s leave no margin before worker_shutdown_timeout {NginxConfiguration.WorkerShutdownSeconds} s");
    }

    [Fact]
    public void X_Forwarded_For_is_the_address_the_proxy_saw_not_one_the_client_sent()
    {
        var forwardedFor = Assert.Single(Directives(Block("location /", after: "listen 443"), "proxy_set_header X-Forwarded-For"));

        Assert.Equal("$remote_addr", forwardedFor);
    }

    [Fact]
    public void Replicas_are_told_that_the_client_spoke_https()
    {
        var https = Block("server", after: "# TLS ends here");

        Assert.Contains($"listen {NginxConfiguration.HttpsPort} ssl", https);
        Assert.Contains($"ssl_certificate {NginxConfiguration.TlsFolder}/{NginxConfiguration.CertificateFile};", https);
        Assert.Equal("$scheme", Assert.Single(Directives(https, "proxy_set_header X-Forwarded-Proto")));
    }

    [Fact]
    public void Plain_http_redirects_to_the_https_port_except_the_proxys_health_route()
    {
        var http = Block("server", after: "# Plain http");

        Assert.Contains($"listen {NginxConfiguration.HttpPort} default_server;", http);
        Assert.Contains($"location = {NginxConfiguration.HealthPath}", http);
        Assert.Contains("return 308 https://$host:8443$request_uri;", http);
        Assert.DoesNotContain("proxy_pass", http);
    }

    [Fact]
    public void The_fault_switch_is_not_reachable_through_the_proxy_in_any_letter_case()
    {
        var https = Block("server", after: "# TLS ends here");
        var fault = FaultLocation().Match(https);

        Assert.True(fault.Success, "the https server has no location for /__fault");
        var pattern = new Regex(fault.Groups["pattern"].Value, RegexOptions.IgnoreCase);
        Assert.All(["/__fault/crash", "/__FAULT/crash", "/__fault", "/__fault/hang"], path => Assert.Matches(pattern, path));
        Assert.DoesNotMatch(pattern, "/__faultless");
        Assert.Contains("return 404;", fault.Groups["body"].Value);
    }

    /// <summary>The text of the first block opened by <paramref name="opening"/> (after the first <paramref name="after"/>, if given), braces balanced.</summary>
    private static string Block(string opening, string? after = null)
    {
        var from = after is null ? 0 : Configuration.IndexOf(after, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no '{after}' in the configuration");
        var start = Configuration.IndexOf(opening + " {", from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{opening} {{' block in the configuration");
        var depth = 0;
        for (var i = Configuration.IndexOf('{', start); i < Configuration.Length; i++)
        {
            depth += Configuration[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return Configuration[start..(i + 1)];
            }
        }

        throw new InvalidOperationException($"the '{opening}' block is not closed");
    }

    /// <summary>The values of a directive (comments aside).</summary>
    private static IEnumerable<string> Directives(string block, string directive) =>
        block.Split('\n')
            .Select(line => line.Split('#', 2)[0].Trim())
            .Where(line => line.StartsWith(directive + " ", StringComparison.Ordinal))
            .Select(line => line[(directive.Length + 1)..].TrimEnd(';').Trim());

    private static IEnumerable<string> ServerLines() => Directives(Upstream, "server");

    private static double Seconds(string duration) => duration.EndsWith("ms", StringComparison.Ordinal)
        ? double.Parse(duration[..^2]) / 1000
        : double.Parse(duration.TrimEnd('s'));

    [GeneratedRegex(@"location ~\* (?<pattern>\S+) \{(?<body>[^}]*)\}")]
    private static partial Regex FaultLocation();
}
