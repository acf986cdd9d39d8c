using System.Text.Encodings.Web;
using OpenClue.Server.Nclue;
using OpenClue.Server.Nsml;
using OpenClue.Server.Platform.Admin;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Observability;
using OpenClue.Server.WebConsole;

if (args.Length > 0 && args[0] == "admin") return await AdminCommand.RunAsync(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSimpleConsole(o =>
{
    o.IncludeScopes = true;
    o.SingleLine = true;
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
});
// Framework chatter stays out of the operator's console unless asked for (Logging:LogLevel overrides these).
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Quartz", LogLevel.Warning);
builder.Logging.AddFilter(typeof(SignatureV2AuthenticationHandler).FullName, LogLevel.Warning); // "not authenticated" per request
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = JsonRequestBody.DrainLimit);
builder.WebHost.ConfigureKestrel(HttpHardening.ConfigureKestrel);
var role = ServerRoles.From(builder.Configuration);
builder.Services.AddOpenClueServer(builder.Configuration, role);
builder.Services.AddNclue();
builder.Services.AddNsml(builder.Configuration, role);
if (role.ServesApi()) builder.Services.AddOpenClueConsole(builder.Configuration);
builder.Services.AddOpenApi(o => o.AddOperationTransformer(DocumentedRequestBody.DescribeAsync));

var app = builder.Build();
app.UseOpenClueRequestIds();
app.UseApiErrors();
app.UseHttpHardening();
app.UseRouting();
app.UseOpenClueRequestMetrics();
app.UseSignedRequests();
if (role.ServesApi()) app.UseOpenClueConsole();
app.MapServiceApi();
app.MapMetrics();
if (role.ServesApi())
{
    app.MapOpenApi();
    app.MapNclue();
    app.MapNsml();
    app.MapOpenClueConsole();
}
app.Services.GetRequiredService<OpenClue.Server.Platform.Jobs.JobQueueGauges>();
await app.RunAsync();
return 0;

public partial class Program;
