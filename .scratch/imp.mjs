const t=performance.now(); await import(process.argv[2]); const c = process.cpuUsage(); console.log('import ms', Math.round(performance.now()-t), 'cpu ms', Math.round((c.user+c.system)/1000));
