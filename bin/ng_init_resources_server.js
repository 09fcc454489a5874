#!/usr/bin/env node
import { launch } from './launch.js';
await launch('ng_init_resources_server');
