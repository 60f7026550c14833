console.log("test-ui-app");
