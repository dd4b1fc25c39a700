var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/health/live", () => "ok");
app.Run();
