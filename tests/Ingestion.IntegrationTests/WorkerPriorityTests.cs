using Ingestion.Contracts;

namespace Ingestion.IntegrationTests;

/// <summary>The worker's encoder runs below the services that answer searches (<c>Worker:Nice</c>), every thread of it.</summary>
[Collection(RunningSystem.Name)]
public sealed class WorkerPriorityTests(SystemFixture system)
{
    [Fact]
    public async Task EveryWorkerThreadRunsAtTheWorkersNiceValueAndTheGatewayAtNone()
    {
        var worker = ServiceOf(ResourceNames.Worker);
        var gateway = ServiceOf(ResourceNames.Gateway);
        // The worker lowers its threads as it starts; its model is loaded by then, so ONNX Runtime's threads are among them.
        await Eventually.TrueAsync(() => Task.FromResult(ProcessTree.NiceOfThreads(worker).Values.All(nice => nice == 19)), "every worker thread at nice 19", TimeSpan.FromSeconds(30));

        var workerThreads = ProcessTree.NiceOfThreads(worker);
        Assert.True(workerThreads.Count > 10, $"{workerThreads.Count} threads");
        Assert.All(ProcessTree.NiceOfThreads(gateway).Values, nice => Assert.Equal(0, nice));
    }

    private int ServiceOf(string resource) =>
        ProcessTree.Service(system.Running.Processes().First(p => p.Resource == resource).ProcessId);
}
