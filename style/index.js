import './base.css';
import './extract.css';
