using System.Text.Encodings.Web;
using OpenClue.Server.Nclue;
using OpenClue.Server.Nsml;
using OpenClue.Server.Platform.Admin;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Health;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Observability;
using OpenClue.Server.WebConsole;
using Scalar.AspNetCore;

if (args.Length > 0 && args[0] == "admin") return await AdminCommand.RunAsync(args[1..]);
if (ServerCommandLine.Handle(args, Console.Out, Console.Error) is { } handled) return handled;

var builder = WebApplication.CreateBuilder(args);
if (ConfigurationCheck.FirstProblem(builder.Configuration) is { } problem)
{
    Console.Error.WriteLine($"OpenClue: {problem}");
    return ServerCommandLine.UsageError;
}
builder.ConfigureOpenClueLogging();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = JsonRequestBody.DrainLimit);
builder.WebHost.ConfigureKestrel(HttpHardening.ConfigureKestrel);
var role = ServerRoles.From(builder.Configuration);
builder.Services.AddOpenClueServer(builder.Configuration, role);
builder.Services.AddNclue();
builder.Services.AddNsml(builder.Configuration, role);
if (role.ServesApi()) builder.Services.AddOpenClueConsole(builder.Configuration);
builder.Services.AddOpenApi(o => o.AddOperationTransformer(DocumentedRequestBody.DescribeAsync).AddOpenClueConventions());

var app = builder.Build();
app.UseOpenClueRequestIds();
app.UseOpenClueRequestTelemetry();
app.UseApiErrors();
app.UseHttpHardening();
app.UseRouting();
app.UseSignedRequests();
if (role.ServesApi()) app.UseOpenClueConsole();
app.MapServiceApi();
app.MapOpenClueHealth();
app.MapMetrics();
if (role.ServesApi())
{
    app.MapOpenApi();
    app.MapScalarApiReference("/docs", o => o.WithTitle("OpenClue API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    app.MapNclue();
    app.MapNsml();
    app.MapOpenClueConsole();
}
app.Services.GetRequiredService<OpenClue.Server.Platform.Jobs.JobQueueGauges>();
await app.RunAsync();
return 0;

public partial class Program;
