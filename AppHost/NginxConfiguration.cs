using System.Text;

namespace Simulator.AppHost;

/// <summary>
/// The proxy's nginx configuration: the server configuration, fixed at start, and the upstream's
/// server list, a file of its own that follows the serving replicas (see ProxyUpstream).
/// </summary>
public static class NginxConfiguration
{
    public const string HealthPath = "/nginx-health";

    /// <summary>Where the proxy's certificate and key are placed in the container.</summary>
    public const string TlsFolder = "/etc/nginx/tls";
    public const string CertificateFile = "proxy.crt";
    public const string KeyFile = "proxy.key";

    public const int HttpPort = 80;
    public const int HttpsPort = 443;

    /// <summary>
    /// Node's http server closes an idle keep-alive connection after 5 s (its keepAliveTimeout,
    /// which Sails 1.5 and the sample app leave at the default). nginx must drop an idle upstream
    /// connection before that, or a request sent on a connection Node is closing gets a 502.
    /// </summary>
    public const int UpstreamKeepaliveSeconds = 4;

    /// <summary>After a reload, old workers wait for their open WebSockets this long at most, then close them.</summary>
    public const int WorkerShutdownSeconds = 30;

    /// <summary>
    /// nginx 1.26 leaves a connection whose TLS handshake spans a reload on the old worker, unaware
    /// of the shutdown (fixed upstream in 1.27.1): it serves requests until worker_shutdown_timeout
    /// cuts it, with no GOAWAY, failing a request in flight (seen: a POST while scaling under load).
    /// Bounding every client connection's lifetime (keepalive_time: GOAWAY with the next request
    /// after it) and idle time (keepalive_timeout: GOAWAY when idle that long) makes nginx end such
    /// a connection gracefully well before the cut; clients resend what GOAWAY names as unprocessed.
    /// </summary>
    public const int ClientConnectionLifetimeSeconds = 10;

    /// <inheritdoc cref="ClientConnectionLifetimeSeconds"/>
    public const int ClientIdleSeconds = 15;

    /// <summary>Where the upstream's server list lives in the proxy container; included by the upstream block.</summary>
    public const string UpstreamFolder = "/etc/nginx/upstreams";
    public const string UpstreamFileName = "sails.conf";

    /// <summary>A local listener that answers 503 at once; the upstream's only server while no replica serves.</summary>
    public const string NoReplicaSocket = "unix:/run/nginx-no-replica.sock";

    /// <summary>
    /// The access log (the container's stdout) is written in batches, each line at most this late.
    /// A line written alone costs the engine's log path (dockerd and the container's shim) as much
    /// CPU as nginx's own work for the request; measured by eng/benchmark.sh as the part "engine".
    /// nginx writes what is left when a worker ends (a reload, a stop), so no line is lost.
    /// </summary>
    public const int AccessLogFlushSeconds = 1;

    private static readonly string AccessLog = $"access_log /var/log/nginx/access.log simulator buffer=64k flush={AccessLogFlushSeconds}s;";

    /// <summary>Docker's embedded DNS server, in every container on a user-defined or overlay network.</summary>
    public const string DockerDns = "127.0.0.11";

    // Multipart framing around a file at the app's limit; the app itself answers 413 for the file.
    private const long MultipartAllowanceBytes = 64 * 1024;

    /// <summary>
    /// Directives of nginx's main context, given on its command line (-g) rather than in a
    /// replacement nginx.conf: the official image and the offline one each keep their own
    /// nginx.conf (worker user, temp paths), and -g is kept across reloads.
    /// </summary>
    public static string MainDirectives => $"daemon off; worker_shutdown_timeout {WorkerShutdownSeconds}s;";

    /// <summary>
    /// The upstream's server list: one line per serving replica, in name order. An upstream needs
    /// at least one server, and nginx 1.26 resolves names at load, so a stopped replica is never
    /// listed; with none serving, the placeholder answers 503 instead of a 502 after a failed connect.
    /// </summary>
    public static string RenderUpstream(IEnumerable<string> servingReplicas, int appPort)
    {
        var servers = new StringBuilder("# The replicas that are serving, kept current by the simulator's AppHost.\n");
        var names = servingReplicas.Order(StringComparer.Ordinal).ToList();
        foreach (var host in names)
        {
            // A replica that fails is skipped for 5 s, then tried again.
            servers.Append($"server {host}:{appPort} max_fails=1 fail_timeout=5s;\n");
        }

        if (names.Count == 0)
        {
            servers.Append($"server {NoReplicaSocket};\n");
        }

        return servers.ToString();
    }

    /// <param name="publicHttpsPort">The host's https port, where plain http is redirected to.</param>
    /// <param name="replicasByDns">
    /// Null: the upstream is the server list the AppHost keeps (<see cref="RenderUpstream"/>). A
    /// "name:port" (a published Swarm stack): the replicas are every address the orchestrator's DNS
    /// gives for the name, asked again every few seconds, as replicas come and go.
    /// </param>
    public static string Render(long uploadMaxBytes, int publicHttpsPort, string? replicasByDns = null)
    {
        var upstream = replicasByDns is null
            ? $$"""
              upstream sails {
                  include {{UpstreamFolder}}/{{UpstreamFileName}};
                  keepalive 32;
                  keepalive_timeout {{UpstreamKeepaliveSeconds}}s;
              }

              server {
                  listen {{NoReplicaSocket}};
                  access_log off;
                  default_type text/plain;
                  return 503 "no replica is serving\n";
              }
              """
            : $$"""
              # nginx 1.26 resolves an upstream block's names once, at load; a name in a variable is
              # resolved per request through this resolver (Docker's embedded DNS), cached 5 s.
              resolver {{DockerDns}} valid=5s ipv6=off;
              """;
        var proxyPass = replicasByDns is null
            ? "proxy_pass http://sails;"
            : $"set $sails_replicas {replicasByDns};\n        proxy_pass http://$sails_replicas;";
        return $$"""
            # Generated by the Sails production simulator; edits are lost when it is generated again.
            {{upstream}}

            log_format simulator '$remote_addr "$request" $status $body_bytes_sent '
                                 'upstream=$upstream_addr served_by=$upstream_http_x_served_by '
                                 'request_time=$request_time upstream_time=$upstream_response_time';

            map $http_upgrade $connection_upgrade {
                default upgrade;
                ''      '';
            }

            # Plain http: the proxy's own health route, and a redirect to https for everything else.
            server {
                listen {{HttpPort}} default_server;
                {{AccessLog}}

                location = {{HealthPath}} {
                    access_log off;
                    default_type text/plain;
                    return 200 "ok\n";
                }

                location / {
                    # 308 keeps the method and body of a POST.
                    return 308 https://$host:{{publicHttpsPort}}$request_uri;
                }
            }

            # TLS ends here, as at a production load balancer; replicas see X-Forwarded-Proto: https.
            server {
                listen {{HttpsPort}} ssl default_server;
                ssl_certificate {{TlsFolder}}/{{CertificateFile}};
                ssl_certificate_key {{TlsFolder}}/{{KeyFile}};
                ssl_protocols TLSv1.2 TLSv1.3;
                # As browsers speak it. At each reload (the upstream following the replicas) old workers end
                # idle HTTP/2 connections with GOAWAY, which names the requests not processed, so clients
                # send them again; an idle HTTP/1.1 keep-alive connection is just closed, and a request
                # crossing that close fails, a POST too.
                http2 on;
                keepalive_time {{ClientConnectionLifetimeSeconds}}s;
                keepalive_timeout {{ClientIdleSeconds}}s;
                {{AccessLog}}
                client_max_body_size {{uploadMaxBytes + MultipartAllowanceBytes}};

                # The fault switch (crash, hang, error) is for operators on each replica's own endpoint,
                # never for the public: any page could otherwise crash replicas. Express matches paths
                # case-insensitively, so this does too.
                location ~* ^/__fault(/|$) {
                    return 404;
                }

                location / {
                    {{proxyPass}}
                    proxy_http_version 1.1;
                    # socket.io's WebSocket upgrade passes through; other requests keep upstream connections alive.
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_set_header Host $http_host;
                    # The address the proxy saw; a client's own X-Forwarded-For is not passed on.
                    proxy_set_header X-Forwarded-For $remote_addr;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Host $http_host;
                    # Idempotent requests that meet a dead replica are retried on another; POST and other
                    # non-idempotent requests are not (no non_idempotent flag). A 503 is the app's own
                    # answer (e.g. /readyz while Redis is down): passed on, and not counted as a failure,
                    # so one 503 from every replica does not take the whole pool out for fail_timeout.
                    proxy_next_upstream error timeout http_502 http_504;
                    proxy_next_upstream_tries 3;
                    proxy_connect_timeout 2s;
                    proxy_read_timeout 60s;
                    # Uploads stream to the replica instead of being spooled to the proxy's disk first.
                    proxy_request_buffering off;
                    # Which replica answered, for any app (X-Served-By is the sample app's own).
                    add_header X-Upstream $upstream_addr always;
                }
            }
            """;
    }
}
