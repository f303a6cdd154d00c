"""Excel face of b24xl: the CLI, ribbon actions, worksheet functions and the .xlam build."""
