#!/usr/bin/env node
import { launch } from './launch.js';
await launch('ng_reward_profile');
