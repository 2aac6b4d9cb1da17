// Torch's thread pool is process-wide and the machines have 2 cores: run the tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
