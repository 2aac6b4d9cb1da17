using Auscult.MqttLatency;

// Latency from a device's publish to the service's score on the MQTT score topic, through a real mosquitto:
//   dotnet run -c Release --project bench/Auscult.MqttLatency -- [--rates 10,100] [--seconds 30] [--machines 20] [--clip-seconds 10] [--set Auscult:Mqtt:Workers=8 ...]
return await LatencyRun.RunAsync(args, Console.Out);
