// Both tests build parts of the repository in Release and load the machine; side by side they would race on the same
// obj/ folders and measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
