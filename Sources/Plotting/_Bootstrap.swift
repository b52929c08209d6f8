enum _PlottingBootstrap {}
