using System.Diagnostics;

namespace OpenClue.Server.Platform.Observability;

/// <summary>The standard process_* gauges plus the managed heap size, sampled at scrape time.</summary>
internal static class ProcessMetrics
{
    private const string ResidentMemory = "process_resident_memory_bytes";
    private const string CpuSeconds = "process_cpu_seconds_total";
    private const string StartTime = "process_start_time_seconds";
    private const string GcHeap = "dotnet_gc_heap_bytes";

    private static readonly double StartTimeSeconds = ReadStartTimeSeconds();

    public static IReadOnlyList<string> Names { get; } = [ResidentMemory, CpuSeconds, StartTime, GcHeap];

    public static void WriteTo(TextWriter writer)
    {
        Write(writer, ResidentMemory, "Resident memory size in bytes.", "gauge", Environment.WorkingSet);
        Write(writer, CpuSeconds, "Total user and system CPU time spent in seconds.", "counter",
            Environment.CpuUsage.TotalTime.TotalSeconds);
        Write(writer, StartTime, "Start time of the process since unix epoch in seconds.", "gauge", StartTimeSeconds);
        Write(writer, GcHeap, "Bytes currently allocated on the managed heap.", "gauge",
            GC.GetTotalMemory(forceFullCollection: false));
    }

    private static void Write(TextWriter writer, string name, string help, string type, double value)
    {
        PrometheusText.WriteHeader(writer, name, help, type);
        PrometheusText.WriteSample(writer, name, [], value);
    }

    private static double ReadStartTimeSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }
}
