using Microsoft.Extensions.Options;
using Simulator.TrafficGenerator;
using Simulator.TrafficGenerator.Report;

// `report ...` runs one fixed-duration load and writes a report; otherwise this is the
// dashboard's "traffic" resource, generating traffic until it is stopped.
if (args is ["report", .. var reportArgs])
{
    return await LoadReportCommand.RunAsync(reportArgs);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<TrafficOptions>()
    .Bind(builder.Configuration.GetSection(TrafficOptions.Section))
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<TrafficOptions>, TrafficOptionsValidator>();
builder.Services.AddSingleton<TrafficMetrics>();
builder.Services.AddHostedService<TrafficWorker>();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
