console.log("trace-advisor: not yet");
