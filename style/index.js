import './base.css';
import './extract.css';
import './sharing.css';
